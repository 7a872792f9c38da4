"Oþ8Ç"
//l ﻿ th  t  l uisn　 
"";
"ïÙ";
"($";//p  l

"Çó"// a km   jgf	xp
export default//gj﻿   g
 class /*j n	va*/// p  
fqhwpgn extends /*mt

﻿xtv q
	bh*/`${/(?!)??[^u\t-\?-]/s}·oð${async ([, ...[]], [...{}],/*c ax k  */ t/*
 cx */ /*　 uiphog﻿v   */= //f t	   /\x06?\45(?!){88971,}(?:)*?^/imy.debugger,/* qiuffbk pspe  fy*///x eb xvz [] =//  tlo upo    p /*ctm  r u qz */"p§V".u//gegl 
//am 
 //  rzd chu	 hm
&=//gmx   xg
 ((false)),/* m
﻿ ﻿  d	 d m fo *///kd tyjp frl yoy) =>//d　x   ium yi
/*  xn   m g

jd*/ //a     rb　oh     dn
new // z kh g e
/**/null(...false[false], (3294).x /*u
  kjq tsjvao*///czx hsi﻿nkh  o
?//nj z rx  ﻿f﻿j gu 
//   uzd 	j
/* 
yu	p os*/ ++async /*ud */: /*j	vsh  osn q*/--2e308[this],//mi  //  f vu// j   bq
....34)}¥ÁÇ${"<"(...null, ...4983,// zrapg tad	bjxy // i
...new/*r xldsx ci *///  v  vq  i qcv   p 
 //uqie u 
"êå")}(d${wt >>= ""[[]]}${indp}Ô÷` {/*h
qqtx ﻿
m*/
// hz t fh  a
/* */  static // 
set //e
[2e308[async =//﻿cf qxj  2e308]] /*r　ja mjo﻿mllj uyx e*/({...sxx})//oq pocf 
 {//	fqc qf   ce p 	y 

  /* e  s	k	jf　 a  z *///﻿pzkd xmbrcjzsb 
//h  y  ut
 /* */ "OÚT¿"
//t
//bqicc  v e
    "Ët";
//   tq  p dqr  yq  s
 /**/ }
//    y	zzd  egi x
  static/*hi bh o﻿    myba *//*d   j izn 
 q*/ // l
get [--null.o]() /*e  ﻿*/{
//   ni k  //
 //lab br
 ""
//zcvs qik﻿ p
 // 
   "Õ";//	k r udi s

 /*le */ // ﻿o iq  k  fa  y g q
  ""
//rj     h  k 

//b u l
  //rghf 
  "";// s c qecadn znp   r
//  
/**/
//
  //gs
  switch//v  zjk kk udjg (-2e308) // m j c 　  od   d{
// hx   jt   　s lpy
  //  b g me     jv h /*i */   //l a nb qz   rp e	
 case this:
// bpeq bpz 　nv　 c ht 
 /*  	be
hyl q   
  
  */ /*
ajp g  l*/  //z z r j ne yrfb
 /*s	olscg
　
q  qzz*/ case /* xboz
p i */this:
//tra  j 
    /*  nz  rtr k vfhf
 a *//*rbdre*/  case/*oz x uupelir */ this:
/* */  /* gbo﻿e 
  rzc*/ /*mf 
nf v  */  /*io cayj r  
i b  n*///b xhj	o yefa ygv i}/*  
 
p pt
p */
/*blmlbtk*/// u﻿saftyu vt  	xf 
 //t   /* ﻿qro  yn h p gxsnqu*/ switch/* ozo vhu*/ (class /*dxkp  
  ﻿*/{}) 
//jj 	 s  adm﻿bc fhg


{ //z  bq n
 //    // sm rmioik  fr o  case /*tni*/"PÏN"://guc  eapa  g　  

/*﻿t pqdccqk  */  /*gafb
*/ /*h z  */ //vzp s sviokz mztyt  /* p*/ case//s y n　u u t   ns 　n
 // 	   pv  "¿UE":
    /* t　u edoqu t  s*/}
//    g
/* zsdz  o*/ /* c　d   *///za qi
  //byf  	   function /*pyfyn */async({},/**/ //zkq t ldh fy 
...[])/*js jyl i
　ra h  *//*k  */ {
//sf  q la  nh ﻿//  d y   zy
    // kd 　 prdq  	v j jj/*v  *//*z  
g aofzf*/  /* u	fu  zn  hzs*/"";/* or   xvqyb  v c*/
// biv o  //rl   ﻿l gqqs i 　 lq 
/*ojr
j*//*zn	
s﻿mkgb  *//*n*/  /*qcd   n 
 */ /*h   ﻿ l	  v x */ //a a 　   
  /*ueqr */""
    /**//**/"Tè"
//    j 　v x x     y
/*  jf  o   i rvjcou */ /* ack  k　
jva	z 
*/     "ÍÜ";
//hf  jtc
/*iiqy z  　 l 
eeeo  b*/  /*fpafi　  eti   r*//*  eq gujh﻿*/ //
  /*　p liu 　tf cps  i*/  "N"
//r     r 
/*
	h b */  /*a   fp ajz 
 ju h*///ccu　sz bisnhx   
 //szktn d  q
/*jchzdqi y    z
*/   class/*jzi x
 z*/ async {}
/*ekf　  t   i gon*///kzt	bfsr
/*
fec*/ //mrv n﻿zp n  t 	p
   // hj  
  for/*t  o opglyqi y  */ (_async /*  　 piaf c 　f 	r  *///l  vhehtr cfj  hgvz
/**/of//m
 true)//  ud 　zs 	 break;//  nisrslq zr
/*ohk  o  */
 /*q a  o ssqe
k*//*kv*/   /*t*/  //is
try //orj
{}//mot qd  i    
//ii 
 catch /*azmg
v o  */(async)//nr﻿nk mghlbkds  p
/* nzer*/ {}//tukzispnzfvx
//ytq    t

/*d n   */ /*k  　*/  /*	bxov n */ //a	  
//m ox k 
/*y *//*
 tviqrr  za bu*/  do//ssa /* 	  */ /*l*/debugger; // j us 　 n
//zmp﻿x　    k obhhme
while //mpdmo	
(true)
 //kfzmcpo
 /**/    debugger
//s v h﻿﻿d   j
  /*x
h*/  /* h    e z  pa*/}
//x //   qcatjhtl lz q  ﻿
 /*ras
﻿	vt zo	mqfke nr*///  c i 
 }
/*fvbvz*/  //d	zcgrn
static/* xi*//*i  nnhsc*/ /*j rk  */*""(t =/*e
   yt*/ /*glqgt */null,/*  ukpie*/ /* cr*/[],//yin  async,/*a		 q a h*/ // qh f sg xq x b  
e, ...{}) {// s hiej  mac 
// aq ppdkm

/*d  f
orh  rz */ // 　d v  //m yn  q p
  "";
/*
nmyr znnhsye 　	*/   //﻿ ﻿r y rqni  n   hys
/*b  b 

　  pup	  y
*/ "\
µ";//ehkytl 

  /*y   
o*///y i q r 　   rs rb
  "»`"/*cd mulsuppeeud   */
   // maem yyrqx kf 
 //uo  z 	 
"k|";
//   cn	c	x////k
    "";//k   cv rqegej

 //a f o pebrcrx j    
  //btu   pm   
 //ik r  pyr qkvo	zn/*l*/try//urj  grqlb   q
 /*c f u ncvn*/{} // c  ﻿　gk jt kzhe  f 
finally {}
  //h// g xocuhqjf　
  for//kacm ys o
 (q /*czhect j cais﻿ ll*///   a 	 rxr
of/*  f o td jre*/ // 	
eval)/*	f﻿v g*/ ;
/*　azh  fop　j psp　ls*/ /* g o　  c f  */    /* */eval:/*q*/ break eval;
//nsr  g r /*m m */ /* yi  
iux 　﻿vo s*/ //gf  c kxmfq c 
  /*  oiypb uack  */{}//o mt g tchc  cguqo s
//   j s h	kcyze 
//npbzb	bas
 /*s
dvxoamn
i ezy */ }
/*rz*/}//d jh 	mu 

