""
/*s x*/
/*ts*/"x(w"
//sa
""
//  mujy   fv y xnq  
//dnb     ﻿	vkb
"ù"
/**/arguments:// jsz	k f  le      
//ibpxvh hl eh gm for //cer fc cqj 
(;;) (async,//p
 /*sutdg *///u	ji r  vj﻿dgfuotjh)　  => ({eval, /*tv 
bo se uo*/...41}`¨${(class extends ((() /*s  gdo	pqz*/=>//o　j      f ip 　    x null)) //   fh{  constructor() /* c*/{
//	s u　  // 	nd   n g     f
//o
  "use strict"
//f c  zz qyvc p  f  
  }/*ilf
nq sd	g  a r　x*//*z ﻿c*/
 // a n  bui  e
 static //i dahm jk﻿ 　 i 
set //pzu
[true] (a) {
	
//pq ji  on
/*
bkung q	o  ﻿  rnn*/"use strict"// rz  s fmf  s l
/*i　  　vy ebcgxc*/  }// 
/*t u nv xazoab*/
})}o}`)

try {
  debugger /**/}/* l 
i
 asi x x  */ catch ([])//r pc l
 /* s    ldoinf*//*y		y   jzmbt　l	q */{   2e308
/*  t j*/  try//pk {} finally /* k
	n ruf ph﻿　sq*/{ 	//   cku

//  qtpk x  pc rddkhg//js qrt be hj﻿ 
   /*c c pr dq sl ﻿c */ /* en   a srct n*/function*/* u ﻿glro  
bausroa*///sxdko  
　async() //ace
// q  g  kedt{
/*i  zrkvul p  u*/ /*　 yl  t  	hm
  
 n*/     //rr y q  
//i﻿x  cxg   bprv  l
//f ttbld
"OC4Æ"
 /*th atx	gif*/   // na  nl﻿  hy　n
  /*vkvviggz dz */"¨»y!"/*cct*/
/*x	p btyg	qo
egs  */    }//i﻿ oolh﻿o

  //ny   a　 futi q　vxrhm
  const //  v  h
r =/*	o﻿n k*/ //b
2e308
//  e y yiv
/*k eqdzt*/   switch (true) {}
 //  xam
 /*  q 
l*/  debugger
  }
/*   k ﻿　   lp*/ /* qkyq  

*/ debugger  do //u gb  b ha
debugger; while (class {
/*eaz
 t a*//*ne e﻿
  vvaapurb */  /* 
 f　g */  static/* o
rkii
i nm  	 v*/ get
[/(?:)/gi]()//qud    c
 {}/* p pn     
 u*/
 //bza  //a xr
get/*elofm 
 cxyzk */ //[this]() {}/*oad sdl*//*sfnjb   o t j  
c *///qlnc xs

//d fiujqggh　
//qhyvcf m　gt s  gan﻿x
 /*    ajmhg  qz */   static/*j fmbt
﻿　 

*///
 get /*bv﻿a b﻿*/[/\xcD\b(?:){4045,51948}f{8729}\9()()()()()()()()()/su]()/* mm
r s f o 
etu    */ {}
// 　inlk  	lv
//e
  //ondsy  b	 	
  static/*oyv  uzyg*/ "ÐÓCø"() {}/* p  jv*/	  /*l g
f ph﻿m  *///nk	k   ofhaj 
  static get/*

l 
*/ [(arguments)]() /*u
﻿﻿ kmu k*//*m	b*/{
/*  c	　is*/  /*    g
 kv */    "use strict"/*ol   o fg*/// adpik xgcg ecq 　h  

   //  ctxcm　rmumht  }/*lev﻿ */
  })
//hk﻿cjyqxvlg﻿xpq nan

} finally/*s*/// ym ub  s
 {
//   o h yd  /*
 c m
 */ /* 	j ﻿e
    q dy*/ try {} catch ([, v])/*  eey
bol   */ {
/*sd
*/  /* y fgt fm l

*//*zq  pp c ﻿e  
 */  /*ym*/while//jh  /*  cjcaa﻿itc*/ (false)//p fuhza ph	ul 
 //n x 
break
/*ey bhl */
/* v  h*/// ytpb ep v　r ty  　
 //z l    r bi   //	﻿ 	uc 	q e  oh// ;
  /*q*/ /*

*/ {}
/*x g i  
js s  	*/ //n d z
  //  z 
 for



 (var//h  	g　 nqr d
//a up e h /*bdf */k /*o 	  l  n ﻿o any
cv*/of /*　xn */// kd﻿ix d d gqxjhb
"Hs×") ;/* bs  uan ul  jgr*/   // avnuxy　nzd
  ((this))
/*v vo b g u q*///m  zzlal qa s tffujt
/*q  kd 
k*/  }
// a   ku  s﻿   foq/*
	 ymoc ykhny
n*/ //n	dvnsmizplp  ddlzq
//f
  async =// pss k ﻿		 ﻿   　
 async/*u gefh    i﻿*//* s　 uz fi qj g veja*/ --
  debugger/*v
ke	yfo d*/ //	﻿a	
  debugger
/*sq y*/
}//hi      byum ig

// z  o   ﻿q
