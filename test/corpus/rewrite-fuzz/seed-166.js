debugger
//esnb sm ubsfkriuk
for//  n
/**/ /*    l frn     */

(new

[...(null)](((false.xuwbpovnamfv).pkppsluyunlxmpeo /* tj x
b*/%=
//bgka  	 e
((class //y﻿ui {/* jl ah j h dm n*//*n　dhn yt     　 idik*/

//lu u p xqh xrc  //imsrtqjncj 	 
  [(((true)))]() /**/{}/*  
s exfb ib   */ 
 /*
g*///m  g yl a y
 static//z y o jd
 *"Ñ5"() {
//xgjn a aq 　
﻿ 
//za    jxemy   i f
//eub　k  ud 
"use strict"
/* e　﻿ shj aa  vst*/
// totaf  kg /*﻿r
*//*  v b dhjy*/  }

/*czq	y 
 xh yhoat*//*kyc	a  dz

e﻿nk  */ // c   q﻿ 
 /**/ [(((this)))]()

/*kio﻿gd kce afr*/
/*x　ml
s c  yfp　 y*/
{

//iyr    
/* s﻿ m v*//*r﻿g*///u   t
  "use strict";/*l
*/
　
/*z smzl
my cm	 if  */}
}))),	/*
 
lg ijvn  sdkx */((delete//  jtntlyt
 // s  kdk     n(true))),/*dx　*/ ((null)), true,

 /*ayi 
	   */((!(((5.5122102843597534e42)))((function*//ucbl  cm f
/*xyocv or  a   t*/ ljmawnsknvud()// o d
//mnmx    e 	
 /* c   　na  v ﻿ 
*/{/*﻿s    	h z  j 　	
 */ //a q//rxgz ib

  /* ue qpovs n */"Qº"// sq

	//a  f//sgfo zom	a﻿ 	fgo 

"Ï{" /**/ //b  ﻿ dxr
"q"; /**///ak gf sq	  v iexu

return;   throw/*　z  *//* n  */ (this) ﻿/*uovgd	*/debugger;//l gssrk qu

/*ddv 
 t﻿
*/(yield)
/*m   q   xbgjrns*/}))))); //sglls  cpvhd h yv s
2e308;)
/*h a    *//*cz gy*/
// itixnat 	tqc   qc
﻿var interface
 /*tv */= /* v
ps */(yield),


/*es d
  got 	kbxhqy*/oaptfjclsjgkbyk,/*  afl﻿hvb o ﻿f ryu s*/  {[(("Ñõ"))]:/* pu
qm  lp  */ let﻿//  g	o﻿k 	 oc  
 //d cg =//  lm zvl﻿  n s	/* fhmicxd
﻿u
﻿bx 　*/ ((this)),
//	demgu y p/*   g */
 [(null)]:/* t*/
f
// 	 k mb  　vo
=
//    mra


("5+pÑ"), //koiu h 	 ij kje r　
//px  a  flf　 ﻿
eval,/*rtg  j *//*mc	ck 	 h */
"¢":/*n  jg*//*bha   
  	jh*/ //h u private,//    dl ﻿  
 yield} // n  mo
=//o 	p 
/*rv v  uccbxa
*/ null,//  gymo 　zi ﻿ c
 arlgviwhpxvedq//s  =


 "â",//v {[((this))]://　﻿ f u /*zloc*/public, /* 　vx　bk    zg qnqx ﻿*/let,

// vl p ngt ...e}/*uyd a  e　
y  */= // qyjifob　 uul re  ((class //x eh  c r d jz q n  
//rn   vjy ducy sy t  {
/*q  *//*g　xr q n﻿ta*/get﻿
[(this)]() /*﻿er  
 
clvax*/{}//ns ﻿　 

// jqof  x //rnsmk﻿ k  
 get﻿//blrav  g yte 
[2e308]() {}/* 　
*/ /*t﻿b f *//*jj o　 y	d  */
/* xvx﻿ue ssbd */static // set //of  ﻿		c m
[((0))] (await// m    nm keb  


= 　
((/(?:)/gms))) /*ey 　po iap﻿ga i
  */{}/*
 y﻿　   g 	u*/ //b vmnapk k elbs 
  get //sst	fqoi
[(null)]() {}　//p l ez s
}));
//y 